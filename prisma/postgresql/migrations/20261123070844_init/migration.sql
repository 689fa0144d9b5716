-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Ente" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'Europe/Rome',
    "locale" TEXT NOT NULL DEFAULT 'it',
    "patronDay" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Ente_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Plan" (
    "id" SERIAL NOT NULL,
    "enteId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "checkpoints" JSONB NOT NULL,
    "scoring" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Plan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrgUnit" (
    "id" SERIAL NOT NULL,
    "enteId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "parentId" INTEGER,

    CONSTRAINT "OrgUnit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Person" (
    "id" SERIAL NOT NULL,
    "enteId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "category" TEXT,
    "locale" TEXT,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChatIdentity" (
    "id" SERIAL NOT NULL,
    "personId" INTEGER NOT NULL,
    "platform" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "unreachable" BOOLEAN NOT NULL DEFAULT false,
    "unreachableReason" TEXT,
    "unreachableAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChatIdentity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Absence" (
    "id" SERIAL NOT NULL,
    "personId" INTEGER NOT NULL,
    "fromDate" TEXT NOT NULL,
    "toDate" TEXT NOT NULL,
    "deputyId" INTEGER,

    CONSTRAINT "Absence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoleAssignment" (
    "id" SERIAL NOT NULL,
    "planId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "orgUnitId" INTEGER,
    "objectiveId" INTEGER,
    "validFrom" TEXT,
    "validTo" TEXT,

    CONSTRAINT "RoleAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Objective" (
    "id" SERIAL NOT NULL,
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
    "weight" DOUBLE PRECISION,
    "priority" TEXT,
    "status" TEXT NOT NULL DEFAULT 'active',
    "strategicLink" TEXT,
    "retired" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "Objective_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ObjectiveOrgUnit" (
    "objectiveId" INTEGER NOT NULL,
    "orgUnitId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "ObjectiveOrgUnit_pkey" PRIMARY KEY ("objectiveId","orgUnitId")
);

-- CreateTable
CREATE TABLE "Phase" (
    "id" SERIAL NOT NULL,
    "objectiveId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "parentCode" TEXT,
    "weight" DOUBLE PRECISION,
    "status" TEXT NOT NULL DEFAULT 'active',
    "ownerId" INTEGER,
    "startDate" TEXT,
    "endDate" TEXT,
    "priorPct" DOUBLE PRECISION,
    "laterPct" DOUBLE PRECISION,
    "continuesLater" BOOLEAN NOT NULL DEFAULT false,
    "monthly" JSONB,
    "marks" JSONB,
    "printedTargets" JSONB,
    "indicatorCodes" JSONB,
    "retired" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "Phase_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Indicator" (
    "id" SERIAL NOT NULL,
    "objectiveId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT,
    "unit" TEXT,
    "weight" DOUBLE PRECISION,
    "direction" TEXT,
    "targetRaw" TEXT,
    "target" JSONB,
    "checkpointTargets" JSONB,
    "baseline" TEXT,
    "context" BOOLEAN NOT NULL DEFAULT false,
    "reporterId" INTEGER,
    "retired" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "Indicator_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Measurement" (
    "id" SERIAL NOT NULL,
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
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "supersedesId" INTEGER,
    "supersededAt" TIMESTAMP(3),

    CONSTRAINT "Measurement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PhaseProgress" (
    "id" SERIAL NOT NULL,
    "phaseId" INTEGER NOT NULL,
    "asOf" TEXT NOT NULL,
    "pct" DOUBLE PRECISION NOT NULL,
    "actualStart" TEXT,
    "actualEnd" TEXT,
    "note" TEXT,
    "byCode" TEXT,
    "onBehalfOf" TEXT,
    "channel" TEXT NOT NULL,
    "messageRef" TEXT,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "supersedesId" INTEGER,
    "supersededAt" TIMESTAMP(3),

    CONSTRAINT "PhaseProgress_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Assessment" (
    "id" SERIAL NOT NULL,
    "objectiveId" INTEGER NOT NULL,
    "asOf" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'final',
    "pct" DOUBLE PRECISION,
    "status" TEXT NOT NULL,
    "note" TEXT,
    "oivNote" TEXT,
    "byCode" TEXT,
    "channel" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "supersedesId" INTEGER,
    "supersededAt" TIMESTAMP(3),

    CONSTRAINT "Assessment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" SERIAL NOT NULL,
    "enteId" INTEGER,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "oldValue" JSONB,
    "newValue" JSONB,
    "reason" TEXT,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "Plan" ADD CONSTRAINT "Plan_enteId_fkey" FOREIGN KEY ("enteId") REFERENCES "Ente"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrgUnit" ADD CONSTRAINT "OrgUnit_enteId_fkey" FOREIGN KEY ("enteId") REFERENCES "Ente"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrgUnit" ADD CONSTRAINT "OrgUnit_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "OrgUnit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Person" ADD CONSTRAINT "Person_enteId_fkey" FOREIGN KEY ("enteId") REFERENCES "Ente"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChatIdentity" ADD CONSTRAINT "ChatIdentity_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Absence" ADD CONSTRAINT "Absence_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Absence" ADD CONSTRAINT "Absence_deputyId_fkey" FOREIGN KEY ("deputyId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleAssignment" ADD CONSTRAINT "RoleAssignment_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleAssignment" ADD CONSTRAINT "RoleAssignment_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleAssignment" ADD CONSTRAINT "RoleAssignment_orgUnitId_fkey" FOREIGN KEY ("orgUnitId") REFERENCES "OrgUnit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleAssignment" ADD CONSTRAINT "RoleAssignment_objectiveId_fkey" FOREIGN KEY ("objectiveId") REFERENCES "Objective"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Objective" ADD CONSTRAINT "Objective_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Objective" ADD CONSTRAINT "Objective_responsibleId_fkey" FOREIGN KEY ("responsibleId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Objective" ADD CONSTRAINT "Objective_politicalReferentId_fkey" FOREIGN KEY ("politicalReferentId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ObjectiveOrgUnit" ADD CONSTRAINT "ObjectiveOrgUnit_objectiveId_fkey" FOREIGN KEY ("objectiveId") REFERENCES "Objective"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ObjectiveOrgUnit" ADD CONSTRAINT "ObjectiveOrgUnit_orgUnitId_fkey" FOREIGN KEY ("orgUnitId") REFERENCES "OrgUnit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Phase" ADD CONSTRAINT "Phase_objectiveId_fkey" FOREIGN KEY ("objectiveId") REFERENCES "Objective"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Phase" ADD CONSTRAINT "Phase_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Indicator" ADD CONSTRAINT "Indicator_objectiveId_fkey" FOREIGN KEY ("objectiveId") REFERENCES "Objective"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Indicator" ADD CONSTRAINT "Indicator_reporterId_fkey" FOREIGN KEY ("reporterId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Measurement" ADD CONSTRAINT "Measurement_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Measurement" ADD CONSTRAINT "Measurement_supersedesId_fkey" FOREIGN KEY ("supersedesId") REFERENCES "Measurement"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PhaseProgress" ADD CONSTRAINT "PhaseProgress_phaseId_fkey" FOREIGN KEY ("phaseId") REFERENCES "Phase"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PhaseProgress" ADD CONSTRAINT "PhaseProgress_supersedesId_fkey" FOREIGN KEY ("supersedesId") REFERENCES "PhaseProgress"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assessment" ADD CONSTRAINT "Assessment_objectiveId_fkey" FOREIGN KEY ("objectiveId") REFERENCES "Objective"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assessment" ADD CONSTRAINT "Assessment_supersedesId_fkey" FOREIGN KEY ("supersedesId") REFERENCES "Assessment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditLog" ADD CONSTRAINT "AuditLog_enteId_fkey" FOREIGN KEY ("enteId") REFERENCES "Ente"("id") ON DELETE SET NULL ON UPDATE CASCADE;

