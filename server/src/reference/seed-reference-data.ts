import type { Db } from '@skywater/core/db/db';
import { CAMERA_MODELS } from '@skywater/core/survey/cameras';
import { ANALYTE_CATALOGUE, PRIORITY_SUBSTANCE_CODES } from '@skywater/core/wastewater/analytes';

/**
 * Puts the built-in analytes and camera models in their tables when missing. Rows that exist
 * are left alone: an admin's edits to a factor are never overwritten by a restart.
 */
export async function seedReferenceData(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    for (const a of ANALYTE_CATALOGUE) {
      await tx.query(
        `insert into analytes (code, name_en, name_zh, aliases, residue, parent_drug, molar_mass_drug_g_per_mol,
           molar_mass_residue_g_per_mol, excreted_fraction, correction_factor, source, provisional, priority)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) on conflict (code) do nothing`,
        [
          a.code,
          a.nameEn,
          a.nameZh,
          [...a.aliases],
          a.residue,
          a.parentDrug,
          a.molarMassDrugGPerMol,
          a.molarMassResidueGPerMol,
          a.excretedFraction,
          a.correctionFactor,
          a.source,
          a.provisional,
          PRIORITY_SUBSTANCE_CODES.has(a.code),
        ],
      );
    }
    for (const c of CAMERA_MODELS) {
      await tx.query(
        `insert into cameras (model, name, exif_models, sensor_width_mm, sensor_height_mm, focal_length_mm,
           image_width_px, image_height_px, builtin)
         values ($1, $2, $3, $4, $5, $6, $7, $8, true) on conflict (model) do nothing`,
        [
          c.id,
          c.name,
          c.exifModels,
          c.sensorWidthMm,
          c.sensorHeightMm,
          c.focalLengthMm,
          c.imageWidthPx,
          c.imageHeightPx,
        ],
      );
    }
  });
}
