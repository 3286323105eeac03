/// The Git module. See DESIGN.md for its one job.
public enum GitModule {}
