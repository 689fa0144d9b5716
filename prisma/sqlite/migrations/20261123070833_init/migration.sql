-- CreateTable
CREATE TABLE "Ente" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'Europe/Rome',
    "locale" TEXT NOT NULL DEFAULT 'it',
    "patronDay" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Plan" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "enteId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "checkpoints" JSONB NOT NULL,
    "scoring" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Plan_enteId_fkey" FOREIGN KEY ("enteId") REFERENCES "Ente" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OrgUnit" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "enteId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "parentId" INTEGER,
    CONSTRAINT "OrgUnit_enteId_fkey" FOREIGN KEY ("enteId") REFERENCES "Ente" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "OrgUnit_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "OrgUnit" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Person" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "enteId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "category" TEXT,
    "locale" TEXT,
    CONSTRAINT "Person_enteId_fkey" FOREIGN KEY ("enteId") REFERENCES "Ente" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ChatIdentity" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "personId" INTEGER NOT NULL,
    "platform" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "unreachable" BOOLEAN NOT NULL DEFAULT false,
    "unreachableReason" TEXT,
    "unreachableAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ChatIdentity_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Absence" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "personId" INTEGER NOT NULL,
    "fromDate" TEXT NOT NULL,
    "toDate" TEXT NOT NULL,
    "deputyId" INTEGER,
    CONSTRAINT "Absence_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Absence_deputyId_fkey" FOREIGN KEY ("deputyId") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RoleAssignment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "planId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "orgUnitId" INTEGER,
    "objectiveId" INTEGER,
    "validFrom" TEXT,
    "validTo" TEXT,
    CONSTRAINT "RoleAssignment_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "RoleAssignment_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "RoleAssignment_orgUnitId_fkey" FOREIGN KEY ("orgUnitId") REFERENCES "OrgUnit" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "RoleAssignment_objectiveId_fkey" FOREIGN KEY ("objectiveId") REFERENCES "Objective" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Objective" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "planId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "transversal" BOOLEAN NOT NULL DEFAULT false,
    "responsibleId" INTEGER,
    "politicalReferentId" INTEGER,
    "assigneeText" TEXT,
    "horizon" TEXT,
    "purpose" TEXT,
    "budgetLink" TEXT,
    "weight" REAL,
    "priority" TEXT,
    "status" TEXT NOT NULL DEFAULT 'active',
    "strategicLink" TEXT,
    "retired" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "Objective_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Objective_responsibleId_fkey" FOREIGN KEY ("responsibleId") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Objective_politicalReferentId_fkey" FOREIGN KEY ("politicalReferentId") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ObjectiveOrgUnit" (
    "objectiveId" INTEGER NOT NULL,
    "orgUnitId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,

    PRIMARY KEY ("objectiveId", "orgUnitId"),
    CONSTRAINT "ObjectiveOrgUnit_objectiveId_fkey" FOREIGN KEY ("objectiveId") REFERENCES "Objective" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ObjectiveOrgUnit_orgUnitId_fkey" FOREIGN KEY ("orgUnitId") REFERENCES "OrgUnit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Phase" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "objectiveId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "parentCode" TEXT,
    "weight" REAL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "ownerId" INTEGER,
    "startDate" TEXT,
    "endDate" TEXT,
    "priorPct" REAL,
    "laterPct" REAL,
    "continuesLater" BOOLEAN NOT NULL DEFAULT false,
    "monthly" JSONB,
    "marks" JSONB,
    "printedTargets" JSONB,
    "indicatorCodes" JSONB,
    "retired" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "Phase_objectiveId_fkey" FOREIGN KEY ("objectiveId") REFERENCES "Objective" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Phase_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Indicator" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "objectiveId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT,
    "unit" TEXT,
    "weight" REAL,
    "direction" TEXT,
    "targetRaw" TEXT,
    "target" JSONB,
    "checkpointTargets" JSONB,
    "baseline" TEXT,
    "context" BOOLEAN NOT NULL DEFAULT false,
    "reporterId" INTEGER,
    "retired" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "Indicator_objectiveId_fkey" FOREIGN KEY ("objectiveId") REFERENCES "Objective" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Indicator_reporterId_fkey" FOREIGN KEY ("reporterId") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Measurement" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "indicatorId" INTEGER NOT NULL,
    "asOf" TEXT NOT NULL,
    "raw" TEXT NOT NULL,
    "parsed" JSONB,
    "status" TEXT NOT NULL,
    "note" TEXT,
    "byCode" TEXT,
    "onBehalfOf" TEXT,
    "channel" TEXT NOT NULL,
    "messageRef" TEXT,
    "recordedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "supersedesId" INTEGER,
    "supersededAt" DATETIME,
    CONSTRAINT "Measurement_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Measurement_supersedesId_fkey" FOREIGN KEY ("supersedesId") REFERENCES "Measurement" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PhaseProgress" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "phaseId" INTEGER NOT NULL,
    "asOf" TEXT NOT NULL,
    "pct" REAL NOT NULL,
    "actualStart" TEXT,
    "actualEnd" TEXT,
    "note" TEXT,
    "byCode" TEXT,
    "onBehalfOf" TEXT,
    "channel" TEXT NOT NULL,
    "messageRef" TEXT,
    "recordedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "supersedesId" INTEGER,
    "supersededAt" DATETIME,
    CONSTRAINT "PhaseProgress_phaseId_fkey" FOREIGN KEY ("phaseId") REFERENCES "Phase" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "PhaseProgress_supersedesId_fkey" FOREIGN KEY ("supersedesId") REFERENCES "PhaseProgress" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Assessment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "objectiveId" INTEGER NOT NULL,
    "asOf" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'final',
    "pct" REAL,
    "status" TEXT NOT NULL,
    "note" TEXT,
    "oivNote" TEXT,
    "byCode" TEXT,
    "channel" TEXT NOT NULL,
    "recordedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "supersedesId" INTEGER,
    "supersededAt" DATETIME,
    CONSTRAINT "Assessment_objectiveId_fkey" FOREIGN KEY ("objectiveId") REFERENCES "Objective" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Assessment_supersedesId_fkey" FOREIGN KEY ("supersedesId") REFERENCES "Assessment" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "enteId" INTEGER,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "oldValue" JSONB,
    "newValue" JSONB,
    "reason" TEXT,
    CONSTRAINT "AuditLog_enteId_fkey" FOREIGN KEY ("enteId") REFERENCES "Ente" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Ente_code_key" ON "Ente"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Plan_enteId_code_key" ON "Plan"("enteId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "OrgUnit_enteId_code_key" ON "OrgUnit"("enteId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "Person_enteId_code_key" ON "Person"("enteId", "code");

-- CreateIndex
CREATE INDEX "ChatIdentity_platform_externalId_idx" ON "ChatIdentity"("platform", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "ChatIdentity_personId_platform_key" ON "ChatIdentity"("personId", "platform");

-- CreateIndex
CREATE UNIQUE INDEX "Absence_personId_fromDate_toDate_key" ON "Absence"("personId", "fromDate", "toDate");

-- CreateIndex
CREATE INDEX "RoleAssignment_planId_role_idx" ON "RoleAssignment"("planId", "role");

-- CreateIndex
CREATE UNIQUE INDEX "Objective_planId_code_key" ON "Objective"("planId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "Phase_objectiveId_code_key" ON "Phase"("objectiveId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "Indicator_objectiveId_code_key" ON "Indicator"("objectiveId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "Measurement_supersedesId_key" ON "Measurement"("supersedesId");

-- CreateIndex
CREATE INDEX "Measurement_indicatorId_asOf_idx" ON "Measurement"("indicatorId", "asOf");

-- CreateIndex
CREATE UNIQUE INDEX "PhaseProgress_supersedesId_key" ON "PhaseProgress"("supersedesId");

-- CreateIndex
CREATE INDEX "PhaseProgress_phaseId_asOf_idx" ON "PhaseProgress"("phaseId", "asOf");

-- CreateIndex
CREATE UNIQUE INDEX "Assessment_supersedesId_key" ON "Assessment"("supersedesId");

-- CreateIndex
CREATE INDEX "Assessment_objectiveId_asOf_idx" ON "Assessment"("objectiveId", "asOf");

-- CreateIndex
CREATE INDEX "AuditLog_enteId_at_idx" ON "AuditLog"("enteId", "at");

-- CreateIndex
CREATE INDEX "AuditLog_entity_entityId_idx" ON "AuditLog"("entity", "entityId");

