# %%
other = 1 + 2
print("other:", other)
