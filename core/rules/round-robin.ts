/**
 * Round robin within a class of users, as a pure function of plain state: the state is the
 * last user each class handed a lead to, so it survives restarts, syncs as JSON, and stays
 * fair when members join or leave (the rotation continues after the last recipient's place).
 */

/** classId → id of the user who received the previous lead of that class. */
export type RoundRobinState = Readonly<Record<string, string>>;

/** The member after `last` in list order, wrapping around; the first when `last` is unknown. */
export function nextInRotation(members: readonly string[], last: string | null): string | null {
  if (members.length === 0) return null;
  const index = last === null ? -1 : members.indexOf(last);
  return members[(index + 1) % members.length]!;
}
