-- Hand-written: one current (not superseded) row per subject and date, for phase progress,
-- indicator measurements and assessments. The Prisma schema cannot express a partial index, so
-- prisma/models.prisma only mentions these in comments. Two writers of one subject at once (a
-- holder and her deputy confirming together) now collide here, and the turn that lost is retried
-- from a fresh load (src/db/unique-violation.ts).

-- Rows left current beside a newer current row of the same subject and date (written at the same
-- instant before this index existed) are marked superseded at the time of the newest, so the index
-- can be built (they stay as history).
UPDATE "PhaseProgress" SET "supersededAt" = (
  SELECT MAX(n."recordedAt") FROM "PhaseProgress" n
  WHERE n."phaseId" = "PhaseProgress"."phaseId" AND n."asOf" = "PhaseProgress"."asOf" AND n."supersededAt" IS NULL AND n."id" > "PhaseProgress"."id")
WHERE "supersededAt" IS NULL AND EXISTS (
  SELECT 1 FROM "PhaseProgress" n
  WHERE n."phaseId" = "PhaseProgress"."phaseId" AND n."asOf" = "PhaseProgress"."asOf" AND n."supersededAt" IS NULL AND n."id" > "PhaseProgress"."id");

UPDATE "Measurement" SET "supersededAt" = (
  SELECT MAX(n."recordedAt") FROM "Measurement" n
  WHERE n."indicatorId" = "Measurement"."indicatorId" AND n."asOf" = "Measurement"."asOf" AND n."supersededAt" IS NULL AND n."id" > "Measurement"."id")
WHERE "supersededAt" IS NULL AND EXISTS (
  SELECT 1 FROM "Measurement" n
  WHERE n."indicatorId" = "Measurement"."indicatorId" AND n."asOf" = "Measurement"."asOf" AND n."supersededAt" IS NULL AND n."id" > "Measurement"."id");

UPDATE "Assessment" SET "supersededAt" = (
  SELECT MAX(n."recordedAt") FROM "Assessment" n
  WHERE n."objectiveId" = "Assessment"."objectiveId" AND n."asOf" = "Assessment"."asOf" AND n."supersededAt" IS NULL AND n."id" > "Assessment"."id")
WHERE "supersededAt" IS NULL AND EXISTS (
  SELECT 1 FROM "Assessment" n
  WHERE n."objectiveId" = "Assessment"."objectiveId" AND n."asOf" = "Assessment"."asOf" AND n."supersededAt" IS NULL AND n."id" > "Assessment"."id");

-- CreateIndex
CREATE UNIQUE INDEX "PhaseProgress_current_key" ON "PhaseProgress"("phaseId", "asOf") WHERE "supersededAt" IS NULL;

-- CreateIndex
CREATE UNIQUE INDEX "Measurement_current_key" ON "Measurement"("indicatorId", "asOf") WHERE "supersededAt" IS NULL;

-- CreateIndex
CREATE UNIQUE INDEX "Assessment_current_key" ON "Assessment"("objectiveId", "asOf") WHERE "supersededAt" IS NULL;
