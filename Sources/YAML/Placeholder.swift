/// The YAML module. See DESIGN.md for its one job.
public enum YAMLModule {}
