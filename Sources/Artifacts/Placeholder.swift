/// The Artifacts module. See DESIGN.md for its one job.
public enum ArtifactsModule {}
