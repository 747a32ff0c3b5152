-- The harvested computed entry of a candidate (pymatgen ComputedStructureEntry dict as JSON:
-- final structure, uncorrected energy in eV, run type, U values, POTCARs), so that the campaign
-- report can recompute the final hull over all harvested candidates with any reference set.
-- Keep in step with ../sqlite/V2__candidate_entry.sql.
ALTER TABLE candidates ADD COLUMN entry_json TEXT;
