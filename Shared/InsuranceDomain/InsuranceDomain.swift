/// The insurance rules; filled in by the domain library issue.
public enum InsuranceDomain {}
