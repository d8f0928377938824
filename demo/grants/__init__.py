"""The funding side of the demo: the 2023 call's agreements and tranches, the sessions each
agreement holds over the year, and the evidence and tranche-2 requests they produce."""
