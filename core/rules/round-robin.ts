/**
 * Round robin within a class of users. The state is the last user each class handed a lead
 * to, so it survives restarts, syncs as JSON, and stays fair when members join or leave (the
 * rotation continues after the last recipient's place).
 *
 * The caller owns one RoundRobinState and passes it to every evaluation; an evaluation whose
 * standing decision is a round robin advances it in place. That keeps a bulk run from copying
 * every class per lead; `snapshot()` gives the plain JSON to persist, and the constructor
 * takes one back.
 */

/** classId → id of the user who received the previous lead of that class. */
export type RoundRobinSnapshot = Readonly<Record<string, string>>;

export class RoundRobinState {
  // A Map, not an object: class ids are user text, and no key can reach a prototype here. The
  // values are boxes updated in place, so a turn costs one lookup and no Map write.
  private readonly last = new Map<string, { userId: string }>();

  constructor(snapshot: RoundRobinSnapshot = {}) {
    if (snapshot === null || typeof snapshot !== 'object') throw new Error('roundRobin: the snapshot must be an object of classId → userId');
    for (const [classId, userId] of Object.entries(snapshot)) {
      if (typeof userId !== 'string') throw new Error(`roundRobin.${classId}: must be a user id (string)`);
      this.last.set(classId, { userId });
    }
  }

  /** The user who received the previous lead of the class, or null. */
  lastOf(classId: string): string | null {
    return this.last.get(classId)?.userId ?? null;
  }

  /** Records that the class's latest lead went to `userId`. */
  advance(classId: string, userId: string): void {
    const turn = this.last.get(classId);
    if (turn) turn.userId = userId;
    else this.last.set(classId, { userId });
  }

  /** Hands the class's next lead to the member after the last recipient (`nextInRotation`) and records it; null for no members. */
  take(classId: string, members: readonly string[]): string | null {
    const turn = this.last.get(classId);
    const userId = nextInRotation(members, turn ? turn.userId : null);
    if (userId === null) return null;
    if (turn) turn.userId = userId;
    else this.last.set(classId, { userId });
    return userId;
  }

  /** Plain JSON to store; `new RoundRobinState(snapshot)` resumes from it. */
  snapshot(): Record<string, string> {
    // fromEntries defines keys as data, so a class named "__proto__" stays a plain key.
    return Object.fromEntries(Array.from(this.last, ([classId, turn]) => [classId, turn.userId]));
  }
}

/** The member after `last` in list order, wrapping around; the first when `last` is unknown. */
export function nextInRotation(members: readonly string[], last: string | null): string | null {
  if (members.length === 0) return null;
  const index = last === null ? -1 : members.indexOf(last);
  return members[(index + 1) % members.length]!;
}
