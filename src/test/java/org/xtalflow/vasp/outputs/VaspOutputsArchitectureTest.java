package org.xtalflow.vasp.outputs;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The output readers are a plain library: JDK (incl. javax.xml.stream) and the crystal core only. */
class VaspOutputsArchitectureTest {

    @Test
    void outputReadersDependOnlyOnTheJdkAndTheCrystalCore() {
        JavaClasses imported = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.xtalflow.vasp.outputs");
        classes()
                .that()
                .resideInAPackage("org.xtalflow.vasp.outputs..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        "java..", "javax.xml.stream..", "org.xtalflow.crystal..", "org.xtalflow.vasp.outputs..")
                .check(imported);
    }
}
