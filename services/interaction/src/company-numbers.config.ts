import type { PlatformConfig } from '@threadline/platform';
import { z } from 'zod';
import { loadCompanyNumberSettingsFile } from './infra/company-number-settings.file';

/**
 * The interaction service's own settings, added to the platform's. The company-number settings
 * file is read and checked here, once, so a bad file stops the service at start-up with every
 * problem named (docs/virtual-agent.md describes the format).
 */
export const companyNumbersConfig = {
  INTERACTION_COMPANY_NUMBERS_FILE: z
    .string()
    .optional()
    .transform((path, context) => {
      const loaded = loadCompanyNumberSettingsFile(path);
      if (loaded.ok) return loaded.settings;
      // Double quotes would be hidden by the config error (they may quote a secret's value).
      for (const problem of loaded.problems)
        context.addIssue({ code: 'custom', message: problem.replace(/"/g, "'") });
      return z.NEVER;
    }),
};

export type CompanyNumbersConfig = PlatformConfig & z.infer<z.ZodObject<typeof companyNumbersConfig>>;
