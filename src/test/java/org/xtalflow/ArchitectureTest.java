package org.xtalflow;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package lines of DESIGN.md, held by the build: the science libraries (crystal, generate,
 * train, screen, predict, vasp, thermo, gpaw) know nothing of Camel, SSH, the database, the CLI or the
 * wiring packages; the Camel API only in camel; hpc is transport and does not know campaigns;
 * report and cli do not know Camel; no package cycles.
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.xtalflow");

    @Test
    void scienceLibrariesDoNotDependOnWiring() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "org.xtalflow.crystal..",
                        "org.xtalflow.generate..",
                        "org.xtalflow.train..",
                        "org.xtalflow.screen..",
                        "org.xtalflow.predict..",
                        "org.xtalflow.vasp..",
                        "org.xtalflow.thermo..",
                        "org.xtalflow.gpaw..",
                        "org.xtalflow.dft..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.apache.camel..",
                        "net.schmizz..",
                        "com.hierynomus..",
                        "java.sql..",
                        "javax.sql..",
                        "org.flywaydb..",
                        "com.zaxxer..",
                        "picocli..",
                        "org.xtalflow.camel..",
                        "org.xtalflow.cli..",
                        "org.xtalflow.campaign..",
                        "org.xtalflow.hpc..")
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    void crystalCoreDependsOnNoOtherXtalflowPackage() {
        noClasses()
                .that()
                .resideInAPackage("org.xtalflow.crystal..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.xtalflow.generate..",
                        "org.xtalflow.train..",
                        "org.xtalflow.screen..",
                        "org.xtalflow.vasp..",
                        "org.xtalflow.thermo..",
                        "org.xtalflow.report..")
                .check(CLASSES);
    }

    @Test
    void noPackageCycles() {
        slices().matching("org.xtalflow.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void camelApiOnlyInCamel() {
        noClasses()
                .that()
                .resideOutsideOfPackage("org.xtalflow.camel..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.apache.camel..")
                .check(CLASSES);
    }

    @Test
    void hpcIsTransportAndKnowsNoCampaign() {
        noClasses()
                .that()
                .resideInAPackage("org.xtalflow.hpc..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.xtalflow.campaign..",
                        "org.xtalflow.camel..",
                        "org.xtalflow.cli..",
                        "org.xtalflow.report..")
                .check(CLASSES);
    }

    @Test
    void reportAndCliDoNotDependOnCamel() {
        noClasses()
                .that()
                .resideInAnyPackage("org.xtalflow.report..", "org.xtalflow.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.xtalflow.camel..")
                .check(CLASSES);
    }
}
