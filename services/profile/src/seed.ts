import { seedFromCommandLine } from '@threadline/platform';
import type { EntityManager } from 'typeorm';
import { profileService } from './profile.service';

/** The demo directory (docs/first-conversation.md): three people the demo requesters can be. */
export const DEMO_USERS = [
  {
    id: '01970000-0000-7000-8000-00000000b001',
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    mobile: '+15551230001',
  },
  {
    id: '01970000-0000-7000-8000-00000000b002',
    name: 'Grace Hopper',
    email: 'grace@example.com',
    mobile: '+15551230002',
  },
  {
    id: '01970000-0000-7000-8000-00000000b003',
    name: 'Alan Turing',
    email: 'alan@example.com',
    mobile: '+15551230003',
  },
];

export async function seedDemoDirectory(manager: EntityManager): Promise<string> {
  for (const user of DEMO_USERS) {
    await manager.query(
      `INSERT INTO directory_user (id, external_id, name, email) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email, active = true, updated_at = now()`,
      [user.id, `demo-${user.id.slice(-4)}`, user.name, user.email],
    );
    await manager.query(
      `INSERT INTO directory_user_phone (user_id, address, kind) VALUES ($1, $2, 'mobile') ON CONFLICT DO NOTHING`,
      [user.id, user.mobile],
    );
  }
  return `${DEMO_USERS.length} demo directory users`;
}

if (require.main === module) void seedFromCommandLine(profileService, seedDemoDirectory);
