/**
 * What every configuration section shares and nothing else: the configuration exception, the
 * unknown-key check and the one YAML read. No dependency on other xtalflow packages, so the
 * science packages (screen, vasp, thermo, train) may use it for their own sections.
 */
package org.xtalflow.config;
