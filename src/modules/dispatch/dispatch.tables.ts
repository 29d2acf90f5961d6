export interface DispatchTables {}
