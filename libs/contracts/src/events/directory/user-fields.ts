/** The roles a directory user may hold (as in the signed service tokens). */
export const DIRECTORY_ROLES = ['applicant', 'assessor', 'programme_officer', 'admin'] as const;
export type DirectoryRole = (typeof DIRECTORY_ROLES)[number];

export const USER_EXAMPLE_ID = '5b2f8c1e-7d4a-4e3b-9a6c-1f2e3d4c5b6a';
