/// The ModelBuild module. See DESIGN.md for its one job.
public enum ModelBuildModule {}
