"""Generic PDF machinery: WeasyPrint rendering (tagged, PDF/UA), merging chunks one at a
time with pikepdf (qpdf), continuous page numbers, metadata and optional PAdES signing
with pyHanko.

Knows nothing of registers or meetings: the apps hand it HTML and files.
"""
