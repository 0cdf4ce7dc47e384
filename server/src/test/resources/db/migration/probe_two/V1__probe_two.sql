-- A test app's first migration (SingleHistoryUpgradeTest): numbered 1, as probe_one's is.
CREATE TABLE probe_two (n INT NOT NULL);
