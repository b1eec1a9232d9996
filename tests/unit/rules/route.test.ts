import { describe, expect, it } from 'vitest';
import { buildBoxTree, routeLead } from '../../../core/rules/route.ts';
import { compile, lead, NOW, rule } from './fixtures.ts';

const tree = buildBoxTree([
  { id: 'root', parentId: null, name: 'System' },
  { id: 'emea', parentId: 'root', name: 'EMEA' },
  { id: 'dach', parentId: 'emea', name: 'DACH', capacity: 2, overflowBoxId: 'emea-pool' },
  { id: 'emea-pool', parentId: 'emea', name: 'EMEA pool' },
  { id: 'amer', parentId: 'root', name: 'Americas' },
]);
const ctx = { event: 'arrived' as const, now: NOW };
const box = (boxId: string) => ({ kind: 'box' as const, boxId });

describe('routeLead', () => {
  it('walks down the tree, running each box it passes, with the new box seeing the changes so far', () => {
    const compiled = compile([
      rule({ actions: [{ type: 'setScore', value: 70 }] }),
      rule({ scope: box('root'), actions: [{ type: 'routeToBox', boxId: 'dach' }], conditions: { field: 'contact.country', op: 'equals', value: 'DE' } }),
      rule({ scope: box('emea'), actions: [{ type: 'setPriority', priority: 'high' }] }),
      rule({ scope: box('dach'), actions: [{ type: 'routeToUser', userId: 'anna' }], conditions: { field: 'score', op: 'gte', value: 60 } }),
    ]);
    const result = routeLead(tree, compiled, lead({ contact: { country: 'DE' } }), ctx);
    expect(result.visited).toEqual(['root', 'emea', 'dach']);
    expect(result.hops).toEqual([{ from: 'root', to: 'dach', ruleId: expect.any(String), ruleName: expect.any(String) }]);
    expect(result.boxId).toBe('dach');
    expect(result.routing).toMatchObject({ kind: 'user', userId: 'anna', scope: 'dach' });
    expect(result.changes.priority!.value).toBe('high');
    expect(result.trace.map((t) => t.scope)).toEqual(['global', 'root', 'emea', 'dach']);
  });

  it('stops a loop between boxes and reports it with the rule that closed it', () => {
    const compiled = compile([
      rule({ scope: box('root'), actions: [{ type: 'routeToBox', boxId: 'amer' }] }),
      rule({ name: 'Back to EMEA', scope: box('amer'), actions: [{ type: 'routeToBox', boxId: 'emea' }] }),
      rule({ name: 'Back to the Americas', scope: box('emea'), actions: [{ type: 'routeToBox', boxId: 'amer' }] }),
    ]);
    const result = routeLead(tree, compiled, lead(), ctx);
    expect(result.loop).toEqual({ boxId: 'amer', reason: 'revisit' });
    expect(result.boxId).toBe('emea');
    expect(result.errors).toEqual([expect.objectContaining({ phase: 'route', ruleName: 'Back to the Americas' })]);
    expect(result.routing).toBeNull();
  });

  it('stops after maxHops', () => {
    const compiled = compile([
      rule({ scope: box('root'), actions: [{ type: 'routeToBox', boxId: 'emea' }] }),
      rule({ scope: box('emea'), actions: [{ type: 'routeToBox', boxId: 'dach' }] }),
    ]);
    const result = routeLead(tree, compiled, lead(), { ...ctx, maxHops: 1 });
    expect(result.loop).toEqual({ boxId: 'dach', reason: 'maxHops' });
    expect(result.boxId).toBe('emea');
  });

  it('sends a lead past a full box to its overflow box, marked overflow', () => {
    const compiled = compile([rule({ scope: box('root'), actions: [{ type: 'routeToBox', boxId: 'dach' }] })]);
    const open = routeLead(tree, compiled, lead(), { ...ctx, boxLoad: { dach: 1 } });
    expect([open.boxId, open.overflow]).toEqual(['dach', null]);
    const full = routeLead(tree, compiled, lead(), { ...ctx, boxLoad: { dach: 2 } });
    expect(full.boxId).toBe('emea-pool');
    expect(full.overflow).toMatchObject({ boxId: 'dach', reason: 'box "DACH" is full' });
  });

  it('reports a route to an unknown box without crashing, and refuses a bad start path', () => {
    const compiled = compile([rule({ scope: box('root'), actions: [{ type: 'routeToBox', boxId: 'atlantis' }] })]);
    const result = routeLead(tree, compiled, lead(), ctx);
    expect(result.errors[0]!.message).toContain('atlantis');
    expect(result.boxId).toBe('root');
    expect(() => routeLead(tree, compiled, lead(), { ...ctx, boxPath: ['root', 'nowhere'] })).toThrow('boxPath[1]');
  });

  it('validates the box tree', () => {
    expect(() => buildBoxTree([{ id: 'a', parentId: null }, { id: 'b', parentId: 'zz' }])).toThrow('boxes[1].parentId');
    expect(() => buildBoxTree([{ id: 'a', parentId: 'b' }, { id: 'b', parentId: 'a' }])).toThrow('exactly one root');
    expect(() => buildBoxTree([{ id: '', parentId: null }])).toThrow('boxes[0].id');
  });
});
