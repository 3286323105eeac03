/// The Runner module. See DESIGN.md for its one job.
public enum RunnerModule {}
