/// The benefits service's application.
public enum BenefitsApp {}
