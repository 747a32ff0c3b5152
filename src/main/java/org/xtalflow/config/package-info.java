/**
 * What every configuration section shares and nothing else: the configuration exception, the
 * unknown-key check, the one YAML read, the batch-system vocabulary and the job resources with
 * their one precedence rule ({@code vasp.job} and cluster profiles both declare them). No
 * dependency on other xtalflow packages, so the science packages (screen, vasp, thermo, train)
 * and hpc may use it for their own sections.
 */
package org.xtalflow.config;
