/// The Taxonomy module. See DESIGN.md for its one job.
public enum TaxonomyModule {}
