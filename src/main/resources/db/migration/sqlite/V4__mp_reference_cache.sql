-- Materials Project reference entries cached per chemical system (issue 15), and the final hull
-- kept apart from the harvest-time one. Keep in step with ../postgresql/V4__mp_reference_cache.sql.
-- Times are epoch milliseconds (UTC); energies in eV/atom.

-- One row per (chemical system, mixing scheme): the entries of the system and all its subsystems
-- as MP served them (pymatgen ComputedStructureEntry dicts, JSON list), MP's database version
-- (from /heartbeat) and when they were fetched. A campaign reads its hull references from here
-- and runs offline from it.
CREATE TABLE mp_reference_cache (
    chemsys       TEXT NOT NULL,
    thermo_type   TEXT NOT NULL,
    db_version    TEXT NOT NULL,
    fetched_at    INTEGER NOT NULL,
    last_updated  TEXT,
    entry_count   INTEGER NOT NULL,
    entries_json  TEXT NOT NULL,
    rejected_json TEXT,
    PRIMARY KEY (chemsys, thermo_type)
);

-- candidates.e_above_hull_ev and formation_energy_per_atom_ev hold the final hull's values
-- (recomputed when candidates or references arrive); the values at harvest time stay here as history.
ALTER TABLE candidates ADD COLUMN harvest_e_above_hull_ev REAL;
ALTER TABLE candidates ADD COLUMN harvest_formation_energy_per_atom_ev REAL;
-- what the final values were computed against ("bundled + Materials Project 2025_09_25 ...") and when
ALTER TABLE candidates ADD COLUMN hull_references TEXT;
ALTER TABLE candidates ADD COLUMN hull_computed_at INTEGER;
