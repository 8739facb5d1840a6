"""The compliance dashboard's figures, one module per part of the record (registers,
meetings, procurements): each figure comes with the names behind it."""
