# %%
from shapes import area

print("area:", area(2, ___))
