package org.xtalflow;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The science libraries (crystal, generate, train, screen, vasp, thermo, gpaw) know nothing of Camel,
 * SSH, the database or the CLI; only camel, cli, campaign and hpc wire them (DESIGN.md).
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.xtalflow");

    @Test
    void scienceLibrariesDoNotDependOnWiring() {
        noClasses().that().resideInAnyPackage("org.xtalflow.crystal..", "org.xtalflow.generate..",
                        "org.xtalflow.train..", "org.xtalflow.screen..", "org.xtalflow.vasp..", "org.xtalflow.thermo..",
                        "org.xtalflow.gpaw..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.camel..", "net.schmizz..",
                        "com.hierynomus..", "java.sql..", "javax.sql..", "org.flywaydb..", "com.zaxxer..", "picocli..",
                        "org.xtalflow.camel..", "org.xtalflow.cli..", "org.xtalflow.campaign..", "org.xtalflow.hpc..")
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    void crystalCoreDependsOnNoOtherXtalflowPackage() {
        noClasses().that().resideInAPackage("org.xtalflow.crystal..")
                .should().dependOnClassesThat().resideInAnyPackage("org.xtalflow.generate..", "org.xtalflow.train..",
                        "org.xtalflow.screen..", "org.xtalflow.vasp..", "org.xtalflow.thermo..", "org.xtalflow.report..")
                .check(CLASSES);
    }
}
