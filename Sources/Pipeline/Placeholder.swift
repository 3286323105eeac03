/// The Pipeline module. See DESIGN.md for its one job.
public enum PipelineModule {}
