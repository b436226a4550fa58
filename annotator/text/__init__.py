"""Pure text processing: normalisation and sentence segmentation; no Flask, no database."""
