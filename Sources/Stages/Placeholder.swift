/// The Stages module. See DESIGN.md for its one job.
public enum StagesModule {}
