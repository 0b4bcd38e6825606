# %%
total = ___ + 2
print("total:", total)
