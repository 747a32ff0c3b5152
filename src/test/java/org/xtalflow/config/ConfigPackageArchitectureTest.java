package org.xtalflow.config;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The configuration package is used by every section, science packages included: it depends on no other xtalflow package. */
class ConfigPackageArchitectureTest {

    @Test
    void configDependsOnNoOtherXtalflowPackage() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.xtalflow");
        noClasses()
                .that()
                .resideInAPackage("org.xtalflow.config..")
                .should()
                .dependOnClassesThat()
                .resideOutsideOfPackages("org.xtalflow.config..", "java..", "com.fasterxml.jackson..")
                .check(classes);
    }
}
