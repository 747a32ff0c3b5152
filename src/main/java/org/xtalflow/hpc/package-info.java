/**
 * Transport to clusters and their schedulers only: cluster profiles, SSH (SSHJ) or this machine,
 * Slurm/PBS/local command lines and the parsing of their answers into typed results
 * ({@link org.xtalflow.hpc.ClusterConnection.Submission}, {@link org.xtalflow.hpc.JobStatus}),
 * checked transfers of job bundles and results. It knows nothing of candidates or campaigns:
 * what an answer means for a candidate is decided in {@code campaign} ({@code ClusterJobs}).
 */
package org.xtalflow.hpc;
