/// The one thin layer over Linux that every other module stands on: system calls with
/// their errors as values (`FileSystemError`), one file lock, one atomic write, one
/// digest, and the process launcher. Only this module, YAML and Git import C.
public enum Platform {}
