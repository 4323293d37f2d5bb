/// The enrollment service's application.
public enum EnrollmentApp {}
