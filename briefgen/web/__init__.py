"""公文工作台: the local web page that does what the command line does, for people who never open a terminal."""
