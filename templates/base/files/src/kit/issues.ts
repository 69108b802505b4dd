import type { z } from 'zod';

/** zod issues as `path: message` lines, the form every error in this project is printed in. */
export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const where = issue.path.map(String).join('.');
    return where ? `${where}: ${issue.message}` : issue.message;
  });
}
