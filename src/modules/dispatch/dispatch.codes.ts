/** Dispatch reference codes (docs/api-helpdesk.md, "Codes"). Labels live in the i18n catalog under `dispatch.codes.<list>.<code>`. */
export const dispatchRequests = ['identify_device', 'fast_forensics', 'evidence_preservation', 'recovery'] as const;
export const dispatchPriorities = ['normal', 'urgent'] as const;
export const dispatchStatuses = ['ordered', 'scheduled', 'on_site', 'reported', 'cancelled'] as const;
export const responderSkills = ['windows', 'mac', 'smartphone', 'mfp'] as const;
export const checklistItems = ['deviceIdentified', 'photos', 'volatileData', 'diskImage', 'networkIsolated', 'customerInformed'] as const;

export type DispatchRequest = (typeof dispatchRequests)[number];
export type DispatchPriority = (typeof dispatchPriorities)[number];
export type DispatchStatus = (typeof dispatchStatuses)[number];
export type ResponderSkill = (typeof responderSkills)[number];
export type ChecklistItem = (typeof checklistItems)[number];

/** Statuses in which the dispatch is still being worked (counts as a responder's load). */
export const openStatuses: readonly DispatchStatus[] = ['ordered', 'scheduled', 'on_site'];

export const dispatchReferenceLists = { dispatchRequests, dispatchPriorities, dispatchStatuses, responderSkills, checklistItems } as const;
