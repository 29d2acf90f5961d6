/**
 * The Kysely view of every table. Each module declares its own tables in `<area>.tables.ts`;
 * this file only joins them so one Kysely instance can type-check queries across the app.
 */
import type { PlatformTables } from './platform.tables.ts';
import type { CompaniesTables } from '../../modules/companies/companies.tables.ts';
import type { DevicesTables } from '../../modules/devices/devices.tables.ts';
import type { IngestTables } from '../../modules/ingest/ingest.tables.ts';
import type { MonitoringTables } from '../../modules/monitoring/monitoring.tables.ts';
import type { HelpdeskTables } from '../../modules/helpdesk/helpdesk.tables.ts';
import type { DispatchTables } from '../../modules/dispatch/dispatch.tables.ts';
import type { ReportingTables } from '../../modules/reporting/reporting.tables.ts';
import type { AssessmentTables } from '../../modules/assessment/assessment.tables.ts';

export interface Database extends PlatformTables, CompaniesTables, DevicesTables, IngestTables, MonitoringTables, HelpdeskTables, DispatchTables, ReportingTables, AssessmentTables {}
