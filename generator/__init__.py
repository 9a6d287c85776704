"""spotcheck: 双随机、一公开 records, verifiable draws and the public disclosure site."""

__version__ = "0.1.0"
