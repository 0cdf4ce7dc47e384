package io.sinal;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The dependency rule of STYLE.md, held by the compiled classes: {@code apps → hub ← session ←
 * transport}. The hub knows nothing of the wire or the apps; sessions know the hub only; transports
 * translate, so they never reach the server API, operations, apps or configuration; the apps use
 * the hub's public API and the seams made for them; and only the wiring class picks the memory or
 * Redis implementations.
 */
@AnalyzeClasses(packages = "io.sinal", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule theHubDependsOnNothingElseOfOurs =
      noClasses()
          .that()
          .resideInAPackage("io.sinal.hub..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.sinal",
              "io.sinal.session..",
              "io.sinal.transport..",
              "io.sinal.protocol..",
              "io.sinal.api..",
              "io.sinal.apps..",
              "io.sinal.ops..",
              "io.sinal.http..",
              "io.sinal.config..",
              "io.sinal.auth..",
              "io.sinal.store..");

  @ArchTest
  static final ArchRule sessionsKnowTheHubOnly =
      noClasses()
          .that()
          .resideInAPackage("io.sinal.session..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.sinal",
              "io.sinal.transport..",
              "io.sinal.protocol..",
              "io.sinal.api..",
              "io.sinal.apps..",
              "io.sinal.ops..",
              "io.sinal.http..",
              "io.sinal.config..",
              "io.sinal.store..");

  @ArchTest
  static final ArchRule transportsNeverReachTheApiOperationsAppsOrConfiguration =
      noClasses()
          .that()
          .resideInAPackage("io.sinal.transport..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.sinal",
              "io.sinal.api..",
              "io.sinal.ops..",
              "io.sinal.apps..",
              "io.sinal.config..",
              "io.sinal.store..");

  @ArchTest
  static final ArchRule theProtocolIsBelowTheTransports =
      noClasses()
          .that()
          .resideInAPackage("io.sinal.protocol..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.sinal",
              "io.sinal.transport..",
              "io.sinal.api..",
              "io.sinal.apps..",
              "io.sinal.ops..",
              "io.sinal.config..");

  @ArchTest
  static final ArchRule appsUseTheHubAndTheSeamsMadeForThem =
      noClasses()
          .that()
          .resideInAPackage("io.sinal.apps..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.sinal",
              "io.sinal.session..",
              "io.sinal.transport..",
              "io.sinal.protocol..",
              "io.sinal.api..",
              "io.sinal.ops..",
              "io.sinal.hub.memory..",
              "io.sinal.hub.redis..");

  @ArchTest
  static final ArchRule appsTakeFromConfigurationOnlyTheirOptionsSeam =
      noClasses()
          .that()
          .resideInAPackage("io.sinal.apps..")
          .should()
          .dependOnClassesThat(
              describe(
                  "config classes other than AppOptions",
                  c ->
                      c.getPackageName().startsWith("io.sinal.config")
                          && !c.getName().startsWith("io.sinal.config.AppOptions")));

  @ArchTest
  static final ArchRule configurationImportsNoApp =
      noClasses()
          .that()
          .resideInAPackage("io.sinal.config..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.sinal.apps..", "io.sinal", "io.sinal.transport..", "io.sinal.session..");

  @ArchTest
  static final ArchRule onlyTheWiringNamesTheBrokerImplementations =
      classes()
          .that()
          .resideInAnyPackage("io.sinal.hub.memory..", "io.sinal.hub.redis..")
          .should()
          .onlyBeAccessed()
          .byClassesThat(
              describe(
                  "the wiring class Sinal or the implementations themselves",
                  c ->
                      c.getName().equals("io.sinal.Sinal")
                          || c.getName().startsWith("io.sinal.Sinal$")
                          || c.getPackageName().startsWith("io.sinal.hub.memory")
                          || c.getPackageName().startsWith("io.sinal.hub.redis")));

  @ArchTest
  static final ArchRule anAppIsNamedOnlyByTheAppListAndItself =
      classes()
          .that()
          .resideInAPackage("io.sinal.apps.*..")
          .should()
          .onlyBeAccessed()
          .byClassesThat(
              describe(
                  "its own app's classes or the app list in Sinal",
                  c ->
                      c.getPackageName().startsWith("io.sinal.apps.")
                          || c.getName().equals("io.sinal.Sinal")
                          || c.getName().startsWith("io.sinal.Sinal$")));

  @ArchTest
  static final ArchRule appsDoNotDependOnEachOther =
      slices().matching("io.sinal.apps.(*)..").should().notDependOnEachOther();

  @ArchTest
  static final ArchRule theAppsCommonPartsKnowNoApp =
      noClasses()
          .that()
          .resideInAPackage("io.sinal.apps")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.sinal.apps.*..");
}
