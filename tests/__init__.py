"""Tests of briefs; the layout mirrors generator/."""
