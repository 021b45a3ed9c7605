import type { DataSource } from 'typeorm';
import { MessagingActionRepository, type StoredAction } from '../infra/messaging-action.repository';

/** How long a replica keeps the actions before reading them again. */
const TTL_MS = 1_000;

/**
 * The messaging actions, kept for a second: every message of every conversation arms by them, and
 * they change seldom. A change through this replica is seen at once (`invalidate`); other
 * replicas see it within a second, like routing's settings.
 */
export class ActionCatalog {
  private cached: { at: number; actions: Promise<StoredAction[]> } | null = null;

  constructor(private readonly dataSource: DataSource) {}

  /** Read on a connection of its own: the cached answer outlives whichever caller asked first. */
  async all(): Promise<StoredAction[]> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > TTL_MS) {
      const actions = new MessagingActionRepository(this.dataSource.manager).all();
      this.cached = { at: now, actions };
      // A failed read is not kept: the next call reads again.
      actions.catch(() => {
        if (this.cached?.actions === actions) this.cached = null;
      });
    }
    return this.cached.actions;
  }

  async active(): Promise<StoredAction[]> {
    return (await this.all()).filter((action) => action.active);
  }

  async find(id: string): Promise<StoredAction | null> {
    return (await this.all()).find((action) => action.id === id) ?? null;
  }

  invalidate(): void {
    this.cached = null;
  }
}
