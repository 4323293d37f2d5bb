/// What both services share.
public enum ServiceSupport {}
