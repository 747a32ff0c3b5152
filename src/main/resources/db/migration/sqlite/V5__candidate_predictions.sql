-- The ML pre-screen's predictions of a candidate (CGCNN, issue 14), kept whether it passed or not:
-- the predicted formation energy and energy above the predicted hull of known phases (eV/atom,
-- negative below it) as columns for the report's parity plot and recall, and every predicted
-- property with the hull estimate as JSON ({"formation_energy_per_atom": ..., "band_gap": ...,
-- "e_above_hull_predicted": ..., "predicted_decomposition": [...]}).
-- Keep in step with ../postgresql/V5__candidate_predictions.sql.
ALTER TABLE candidates ADD COLUMN predicted_formation_energy_per_atom_ev REAL;
ALTER TABLE candidates ADD COLUMN predicted_e_above_hull_ev REAL;
ALTER TABLE candidates ADD COLUMN predictions_json TEXT;
