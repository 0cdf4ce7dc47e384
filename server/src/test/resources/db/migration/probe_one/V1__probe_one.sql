-- A test app's first migration (SingleHistoryUpgradeTest): numbered 1, as probe_two's is.
CREATE TABLE probe_one (n INT NOT NULL);
