/**
 * The tables written in bulk (see bulk-insert.ts) by a plan import and by a Conferma (values, progress
 * and audit rows, value-batch.ts): their columns as the model
 * (prisma/models.prisma) names them, and which hold JSON. A column the model gains with a default
 * needs no change here; one without a default must be added, or the import's inserts fail loudly.
 */
import type { BulkTable } from './bulk-insert.js';

export const OBJECTIVE: BulkTable = {
  name: 'Objective',
  columns: ['planId', 'code', 'position', 'title', 'description', 'transversal', 'responsibleId', 'politicalReferentId', 'assigneeText', 'horizon', 'purpose', 'budgetLink', 'weight', 'priority', 'status', 'strategicLink', 'retired'],
};

export const OBJECTIVE_ORG_UNIT: BulkTable = { name: 'ObjectiveOrgUnit', columns: ['objectiveId', 'orgUnitId', 'position'] };

export const PHASE: BulkTable = {
  name: 'Phase',
  columns: ['objectiveId', 'code', 'position', 'title', 'parentCode', 'weight', 'status', 'ownerId', 'startDate', 'endDate', 'priorPct', 'laterPct', 'continuesLater', 'monthly', 'marks', 'printedTargets', 'indicatorCodes', 'retired'],
  json: new Set(['monthly', 'marks', 'printedTargets', 'indicatorCodes']),
};

export const INDICATOR: BulkTable = {
  name: 'Indicator',
  columns: ['objectiveId', 'code', 'position', 'name', 'kind', 'unit', 'weight', 'direction', 'targetRaw', 'target', 'checkpointTargets', 'baseline', 'context', 'reporterId', 'retired'],
  json: new Set(['target', 'checkpointTargets']),
};

export const MEASUREMENT: BulkTable = {
  name: 'Measurement',
  columns: ['indicatorId', 'asOf', 'raw', 'parsed', 'status', 'note', 'byCode', 'onBehalfOf', 'channel', 'messageRef', 'recordedAt', 'supersedesId'],
  json: new Set(['parsed']),
};

export const PHASE_PROGRESS: BulkTable = {
  name: 'PhaseProgress',
  columns: ['phaseId', 'asOf', 'pct', 'note', 'byCode', 'onBehalfOf', 'channel', 'messageRef', 'recordedAt', 'supersedesId'],
};

export const AUDIT_LOG: BulkTable = {
  name: 'AuditLog',
  columns: ['enteId', 'at', 'actor', 'action', 'entity', 'entityId', 'oldValue', 'newValue', 'reason'],
  json: new Set(['oldValue', 'newValue']),
};
