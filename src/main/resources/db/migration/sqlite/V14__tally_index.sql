-- A campaign's funnel counts (CandidateStore.tallies: state x reason code x formula x job x
-- E_above_hull, GROUP BY) read from this index alone, not from the rows: a campaign of 10^7
-- samples has 3·10^7 rows of ≈ 1.5 KB (≈ 45 GB, more than a machine's page cache), and every
-- `campaign status`, status-page refresh, JMX read and report scanned all of them (92 s at 1.26·10^7
-- rows on the 2-core machine). The index holds ≈ 100 bytes per row.
--
-- seq follows (campaign_id, state) so that new rows are appended at the end of their state's
-- range (a generation batch inserts in seq order) rather than scattered by their reason text;
-- the GROUP BY sorts in a temporary B-tree as before. The index starts with (campaign_id, state),
-- so it serves every query candidates_campaign_state served, which goes.
--
-- SQLite only: PostgreSQL refuses index entries over ≈ 2.7 KB, and a reason is free text.
CREATE INDEX candidates_tally ON candidates(campaign_id, state, seq, reason, formula, job_id, e_above_hull_ev);
DROP INDEX candidates_campaign_state;
