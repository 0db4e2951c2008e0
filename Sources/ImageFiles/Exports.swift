// `import ImageFiles` names the errors its readers throw (`DatasetError`, in FileIO).
@_exported import FileIO
