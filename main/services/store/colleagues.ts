import type { Database, Statement } from 'better-sqlite3';
import type { Colleague } from '../../../core/contract/index.ts';

export class ColleagueStore {
  private readonly all: Statement<[], Colleague>;
  private readonly insert: Statement<[string, string, string | null]>;
  private readonly clear: Statement<[]>;

  constructor(private readonly db: Database) {
    this.all = db.prepare('SELECT id, name, email FROM colleagues ORDER BY name COLLATE NOCASE, id');
    this.insert = db.prepare('INSERT INTO colleagues (id, name, email) VALUES (?, ?, ?)');
    this.clear = db.prepare('DELETE FROM colleagues');
  }

  list(): Colleague[] {
    return this.all.all();
  }

  /** The directory comes whole from the server (or the demo), so it is replaced, not merged. */
  replaceAll(colleagues: Colleague[]): void {
    this.db.transaction(() => {
      this.clear.run();
      for (const c of colleagues) this.insert.run(c.id, c.name, c.email ?? null);
    })();
  }
}
