"""Evaluation: span metrics, error categories, alignment metrics."""
