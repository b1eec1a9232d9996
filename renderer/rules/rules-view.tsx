import { useEffect, useState } from 'react';
import { Header } from '../lead-box/header.tsx';
import { refreshBoxStatus } from '../lead-box/facets-store.ts';
import { readableMessage } from '../ui/field-error.tsx';
import { StatePanel } from '../ui/state-panel.tsx';
import { AccuracyPanel } from './accuracy-panel.tsx';
import { ExportButtons, ImportDialog } from './import-export.tsx';
import { RuleList } from './rule-list.tsx';
import { rulesOfBox, useRules, type RulesTab } from './rules-store.ts';
import { TemplatesTab } from './templates-tab.tsx';
import { TryPanel } from './try-panel.tsx';
import { WizardDialog } from './wizard/wizard-dialog.tsx';

const TABS: Array<{ tab: RulesTab; label: string }> = [
  { tab: 'rules', label: 'Rules' },
  { tab: 'try', label: 'Try it' },
  { tab: 'accuracy', label: 'Accuracy' },
  { tab: 'templates', label: 'Templates' },
];

/** The rule editor: the rules of my box (and, for a manager, the boxes below), tried and measured offline. */
export function RulesView() {
  const { list, template, error, boxId, tab, wizard, notice } = useRules();
  const { load, selectBox, setTab, openWizard, setNotice } = useRules.getState();
  const [importing, setImporting] = useState(false);

  useEffect(() => {
    void load();
    refreshBoxStatus();
  }, [load]);

  const box = list?.boxes.find((b) => b.id === boxId) ?? null;
  const rules = rulesOfBox(list, boxId);
  return (
    <div className="rules-view">
      <Header />
      <div className="rules-toolbar" role="toolbar" aria-label="Rule tools">
        {list && list.boxes.length > 1 ? (
          <label className="box-picker">
            <span className="box-picker__label">Box</span>
            <select className="select" value={boxId ?? ''} onChange={(e) => selectBox(e.target.value)} aria-label="Box">
              {list.boxes.map((b) => (
                <option key={b.id} value={b.id}>
                  {`${'\u00a0\u00a0'.repeat(b.depth)}${b.name}${b.mine ? ' (mine)' : ''} · ${b.ruleCount}`}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <h1 className="rules-toolbar__title">{box?.name ?? 'My rules'}</h1>
        )}
        <div className="tabs" role="tablist" aria-label="Rule views">
          {TABS.map((t) => (
            <button key={t.tab} type="button" role="tab" id={`rules-tab-${t.tab}`} aria-selected={tab === t.tab} aria-controls="rules-panel" className={`tabs__tab${tab === t.tab ? ' tabs__tab--current' : ''}`} onClick={() => setTab(t.tab)}>
              {t.label}
            </button>
          ))}
        </div>
        <div className="rules-toolbar__end">
          <button type="button" className="button" onClick={() => setImporting(true)}>
            Import…
          </button>
          <ExportButtons boxId={boxId} />
          <button type="button" className="button button--primary" disabled={!template} onClick={() => openWizard(null)}>
            New rule
          </button>
        </div>
      </div>
      {notice && (
        <div className={`notice notice--${notice.tone} rules-notice`} role={notice.tone === 'error' ? 'alert' : 'status'}>
          <span>{notice.text}</span>
          <button type="button" className="link-button" onClick={() => setNotice(null)} aria-label="Dismiss">
            Dismiss
          </button>
        </div>
      )}
      <main className="rules-main" id="rules-panel" role="tabpanel" aria-labelledby={`rules-tab-${tab}`}>
        {error ? (
          <StatePanel title="Your rules could not be loaded" tone="error" action={{ label: 'Try again', onClick: () => void load() }}>
            <p>{readableMessage(error)}</p>
          </StatePanel>
        ) : !list ? (
          <StatePanel title="Loading your rules…" busy />
        ) : tab === 'rules' ? (
          <>
            {box && (
              <p className="muted panel-intro">
                {box.mine ? 'Your box' : `${box.ownerName ?? 'Someone'}'s box, below yours`}: rules run top to bottom when a lead arrives; when two set the same thing, the lower one wins.
                {template && ` Limited by ${template.effective.name}.`}
              </p>
            )}
            {rules.length === 0 ? (
              <StatePanel title="No rules in this box yet" action={{ label: 'Create a rule', onClick: () => openWizard(null) }}>
                <p>Rules score, route and prepare leads the moment they arrive.</p>
              </StatePanel>
            ) : (
              <RuleList rules={rules} />
            )}
          </>
        ) : tab === 'try' ? (
          <TryPanel draft={() => list.rules.map((r) => r.rule as unknown as Record<string, unknown>)} startBoxId={null} />
        ) : tab === 'accuracy' ? (
          <AccuracyPanel boxId={boxId} />
        ) : (
          <TemplatesTab />
        )}
      </main>
      {wizard && template && <WizardDialog key={wizard.editing?.id ?? 'new'} open={wizard} template={template} />}
      {importing && <ImportDialog onClose={() => setImporting(false)} />}
    </div>
  );
}
